/**
 * Process start-up (logging level and native-runtime properties that must be set before ND4J loads), the errors the
 * launcher turns into exit codes ({@link dev.dl4jlessons.runtime.InputException} 2,
 * {@link dev.dl4jlessons.runtime.OutputException} 3), heap checks before reading inputs, atomic file writes and output
 * sets, and finding the repository's files.
 */
package dev.dl4jlessons.runtime;
