/**
 * The shared harness: settings, network creation, the training loop, its history and the printed report. Lessons
 * hold only their model; everything that is the same for every lesson lives here.
 */
package dev.dl4jlessons.harness;
