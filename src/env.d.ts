/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Set by the lesson route so that <Cite> can number and link its references. */
    lessonReferences?: import('./content.config').Reference[];
  }
}
