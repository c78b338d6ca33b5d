package ai.synapses.transcribe.error;

/**
 * What kind of refusal a {@link DomainException} is, in the domain's words; each adapter says it in its own
 * protocol (the API: one HTTP status per kind).
 */
public enum ErrorKind {
    /** The request itself is wrong: a missing or malformed field, a value out of range. */
    INVALID,
    /** What the request names does not exist (or is not the caller's). */
    NOT_FOUND,
    /** The request does not fit the current state: not yet finished, already running, a key reused. */
    CONFLICT,
    /** It existed, but its content was erased. */
    GONE,
    /** Well-formed, but what it points at cannot be used: audio that cannot be read, a URL we may not fetch. */
    UNPROCESSABLE,
    /** The organization has too few synapses for this job. */
    INSUFFICIENT_FUNDS,
    /** Too many requests in too little time; details may say when to retry. */
    RATE_LIMITED,
    /** A dependency of ours is down; nothing was done and the request may simply be retried. */
    UNAVAILABLE,
    /** Ours failed halfway and whether it took effect could not be established; details say how to find out. */
    OUTCOME_UNKNOWN
}
