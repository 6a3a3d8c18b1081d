/**
 * Lesson 1, dropout ({@code lessons/01-dropout.md}): the notebook's {@code ModelWithDropout}, and the experiments
 * and pictures behind its guide.
 */
package dev.dl4jlessons.lessons.dropout;
