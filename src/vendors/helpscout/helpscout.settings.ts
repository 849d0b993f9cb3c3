/** Help Scout secure mode has nothing to configure here: the secret (the Beacon's secret key) is stored apart. */
export class HelpScoutSettings {}
