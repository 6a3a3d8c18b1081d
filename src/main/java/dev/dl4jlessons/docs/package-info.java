/** Generated documentation: guide excerpts and outputs, and the notebook equivalents, all from the code. */
package dev.dl4jlessons.docs;
