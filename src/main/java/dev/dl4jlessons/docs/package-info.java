/**
 * Generated documentation, assembled from the code: guide excerpts and outputs, the notebook equivalents, and the
 * guides' pictures, which each lesson's package declares ({@code pictures.LessonPictures}) and this package only
 * finds, draws and writes. No experiment lives here.
 */
package dev.dl4jlessons.docs;
