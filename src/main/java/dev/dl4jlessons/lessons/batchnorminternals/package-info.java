/**
 * Lesson 6, batch norm under the hood ({@code lessons/06-batchnorm-under-the-hood.md}): batch norm from
 * scratch against DL4J's, and the experiments and pictures behind its guide.
 */
package dev.dl4jlessons.lessons.batchnorminternals;
