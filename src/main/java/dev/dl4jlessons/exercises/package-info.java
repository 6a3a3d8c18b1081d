/**
 * Exercises a student solves and the course checks: {@code course check} compiles the files under
 * {@code src/exercises/java/exercises/} itself, then runs each exercise's check in order in a child JVM
 * ({@code Sandbox}, {@link dev.dl4jlessons.exercises.CheckWorker}) whose class path lacks the
 * course's reference implementations and which is killed when the student's code runs past its time. A check tries
 * several inputs, prints every one of them, compares the caller's arrays before and after, and names the mistake
 * with a two-step {@link dev.dl4jlessons.exercises.Hint}. The checks live in
 * {@link dev.dl4jlessons.exercises.checks} and are found there without registration.
 */
package dev.dl4jlessons.exercises;
