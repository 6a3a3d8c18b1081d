/** Benchmarks: the training step, the whole notebook run, and a memory soak. */
package dev.dl4jlessons.bench;
