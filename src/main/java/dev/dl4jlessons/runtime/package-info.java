/** Process start-up: logging level and native-runtime properties that must be set before ND4J loads. */
package dev.dl4jlessons.runtime;
