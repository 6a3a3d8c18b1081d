/**
 * The lessons. Each lesson has a package of its own below this one, named after the lesson without its hyphens
 * ({@code lessons.dropout}, {@code lessons.dropoutinternals}): its lesson class, its model, and the experiments and
 * pictures behind its guide. This package holds what they share: {@link dev.dl4jlessons.lessons.Lesson}, the model
 * lessons' base class and the catalog that lists every public lesson class below here automatically.
 */
package dev.dl4jlessons.lessons;
