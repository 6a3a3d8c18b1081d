/**
 * What a lesson's pictures are made of: {@link dev.dl4jlessons.pictures.LessonPictures}, which a lesson's package
 * implements to declare the files it draws under {@code lessons/img/}, and
 * {@link dev.dl4jlessons.pictures.PictureStyle}, the one chart style (XChart) and image helpers every picture uses.
 * The {@code docs} package finds every {@code LessonPictures} and writes the files; nothing registers them.
 */
package dev.dl4jlessons.pictures;
