/**
 * Lesson 3, combining ({@code lessons/03-combining.md}): the notebook's {@code ModelWithBoth}.
 */
package dev.dl4jlessons.lessons.combined;
