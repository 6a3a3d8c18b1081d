/**
 * Lesson 10, {@code fashion}: regularization at the scale where it matters. A wide MLP memorises a few thousand
 * Fashion-MNIST images; dropout and batch normalization are measured against it on the 10,000 test images, over
 * seeds, with the training-set size at which dropout starts to pay. The lesson class, its model, its experiments
 * (functions that return records of what they measured) and its pictures live here together.
 */
package dev.dl4jlessons.lessons.fashion;
