/**
 * Lesson 9, DropConnect ({@code lessons/09-dropconnect.md}): DL4J's weight noise, its traps and the course's
 * fix.
 */
package dev.dl4jlessons.lessons.dropconnect;
