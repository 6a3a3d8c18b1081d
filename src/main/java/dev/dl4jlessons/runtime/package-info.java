/**
 * Process start-up (logging level and native-runtime properties that must be set before ND4J loads), the errors the
 * launcher turns into exit codes ({@link dev.dl4jlessons.runtime.InputException} 2,
 * {@link dev.dl4jlessons.runtime.OutputException} 3), heap checks before reading inputs, the machine's limits and
 * ND4J's native-library cache checked before ND4J loads ({@link dev.dl4jlessons.runtime.Environment}), atomic file
 * writes and output sets, one-line safe messages, and finding the repository's files.
 */
package dev.dl4jlessons.runtime;
