/**
 * Lesson 11, the papers reproduced: the central figures of the dropout paper (Srivastava et al., 2014), the
 * batch-norm paper (Ioffe and Szegedy, 2015) and Li et al.'s (2019) variance shift, rerun on Fashion-MNIST over
 * seeds. The lesson's networks ({@link dev.dl4jlessons.lessons.papers.PaperModels}), its experiments as functions
 * returning records ({@link dev.dl4jlessons.lessons.papers.Experiments}, {@link dev.dl4jlessons.lessons.papers.Results})
 * and its pictures ({@link dev.dl4jlessons.lessons.papers.PaperCharts}) live together here.
 */
package dev.dl4jlessons.lessons.papers;
