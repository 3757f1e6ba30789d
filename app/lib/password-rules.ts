// NIST SP 800-63B §5.1.1.2: at least 8 characters; accept at least 64. Client-safe, so forms check
// the same lengths as the server.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
