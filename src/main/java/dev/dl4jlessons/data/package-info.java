/**
 * Data for the lessons: the notebook's seeded random data, CSV loading through DataVec with clear errors, Fashion-MNIST's
 * gzip IDX files read with every header checked first, and an
 * iterator that reshuffles every epoch like PyTorch's {@code DataLoader(shuffle=True)}.
 */
package dev.dl4jlessons.data;
