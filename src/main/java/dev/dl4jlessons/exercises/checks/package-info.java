/**
 * One check per exercise, found by {@link dev.dl4jlessons.exercises.ExerciseCatalog} without registration. Each
 * checks the student's class on a tiny input, and names the typical mistakes with a hint of their own.
 */
package dev.dl4jlessons.exercises.checks;
