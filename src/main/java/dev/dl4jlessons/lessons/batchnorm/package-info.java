/**
 * Lesson 2, batch normalization ({@code lessons/02-batch-normalization.md}): the notebook's
 * {@code ModelWithBatchNorm}, and the experiments and pictures behind its guide.
 */
package dev.dl4jlessons.lessons.batchnorm;
