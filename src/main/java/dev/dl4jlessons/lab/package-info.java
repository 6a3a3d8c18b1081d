/**
 * The generalization lab: regularization variants trained on the same splits and seeds, compared on held-out data,
 * with a table, results.csv and PNG charts.
 */
package dev.dl4jlessons.lab;
