/**
 * Lesson 5, dropout under the hood ({@code lessons/05-dropout-under-the-hood.md}): dropout from scratch
 * against DL4J's, and the experiments and pictures behind its guide.
 */
package dev.dl4jlessons.lessons.dropoutinternals;
