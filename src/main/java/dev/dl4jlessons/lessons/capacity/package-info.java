/**
 * Lesson 0, capacity ({@code lessons/00-capacity.md}): the lesson class with its model, and the experiments
 * and pictures behind its guide.
 */
package dev.dl4jlessons.lessons.capacity;
