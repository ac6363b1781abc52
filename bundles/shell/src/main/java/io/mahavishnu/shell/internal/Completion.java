package io.mahavishnu.shell.internal;

/** What kind of value an argument or option takes, so tab completion can offer the live candidates. */
enum Completion {
    /** Free text: nothing to offer. */
    NONE,
    /** Ids of the pools that exist now. */
    POOL_ID,
    /** Names of the deployed pool types. */
    POOL_TYPE,
    /** Worker types of the pool type named on the line (or of every deployed type). */
    WORKER_TYPE,
    /** Names of the deployed routing strategies. */
    STRATEGY,
    /** Names of the Mahavishnu commands. */
    COMMAND,
    /** Files, relative to the session's directory. */
    FILE
}
