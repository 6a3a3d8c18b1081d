/**
 * Lesson 8, Gaussian dropout ({@code lessons/08-gaussian-dropout.md}): the worked example of
 * {@code lessons/ADDING-A-LESSON.md}.
 */
package dev.dl4jlessons.lessons.gaussiandropout;
