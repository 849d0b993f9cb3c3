/** Front Chat identity verification has nothing to configure here: the secret (the chat's verification secret) is stored apart. */
export class FrontSettings {}
