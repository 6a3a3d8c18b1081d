/**
 * Dropout and batch normalization written from scratch in ND4J, to compare with DL4J's layers and to show what
 * happens inside them.
 */
package dev.dl4jlessons.scratch;
