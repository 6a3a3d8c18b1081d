/**
 * Exercises a student solves and the course checks: {@code course check} compiles the files under
 * {@code src/exercises/java/exercises/} itself, loads them in a fresh class loader, runs each exercise's check in
 * order, and prints what was expected, what came back and a hint for the mistake. The checks live in
 * {@link dev.dl4jlessons.exercises.checks} and are found there without registration.
 */
package dev.dl4jlessons.exercises;
