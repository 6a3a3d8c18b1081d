/**
 * DL4J's training UI for {@code --ui}: its server on localhost only, and a stats listener on every network the course
 * trains. Nothing outside the launcher's {@code --ui} branch uses this package, so runs without it never load it.
 */
package dev.dl4jlessons.ui;
