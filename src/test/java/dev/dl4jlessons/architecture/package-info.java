/** Tests of the package structure itself. */
package dev.dl4jlessons.architecture;
