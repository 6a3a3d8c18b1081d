/**
 * The lessons. Each class shows one model or one experiment; the shared harness runs it. Every public
 * {@link dev.dl4jlessons.lessons.Lesson} here is listed by the launcher automatically.
 */
package dev.dl4jlessons.lessons;
