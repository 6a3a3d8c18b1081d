/**
 * Data for the lessons: the notebook's seeded random data, CSV loading through DataVec with clear errors, and an
 * iterator that reshuffles every epoch like PyTorch's {@code DataLoader(shuffle=True)}.
 */
package dev.dl4jlessons.data;
