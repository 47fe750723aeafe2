// A command-line value sent on as the API's type without a check here: the server
// checks it with the contract's schema and its 400 names the field, in the same words
// for every client. (The CLI checks only what the server cannot see, like file paths.)
export function serverChecked<T>(value: string | undefined): T | undefined {
  return value as T | undefined;
}
