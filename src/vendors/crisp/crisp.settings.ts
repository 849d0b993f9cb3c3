/** Crisp identity verification has nothing to configure here: the secret (the website's verification secret key) is stored apart. */
export class CrispSettings {}
