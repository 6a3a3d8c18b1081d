/**
 * One check per exercise, found by {@link dev.dl4jlessons.exercises.ExerciseCatalog} without registration. Each
 * checks the student's class on several inputs, and names the typical mistakes with a hint of their own, in two steps.
 */
package dev.dl4jlessons.exercises.checks;
