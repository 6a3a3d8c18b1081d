/** Tests of the exercises and their checks: reference answers pass, untouched files and planted mistakes fail. */
package dev.dl4jlessons.exercises;
