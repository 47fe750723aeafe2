/** HAProxy printed something a parser does not recognise; keeps the text for the report. */
export class RuntimeParseError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}; output began with: ${JSON.stringify(output.slice(0, 200))}`);
    this.name = 'RuntimeParseError';
  }
}
