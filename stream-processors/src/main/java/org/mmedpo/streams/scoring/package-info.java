/**
 * Clinical relevance scores: judges that score how much the error of a dispreferred text matters
 * clinically, and the paper's sequential-agreement consensus protocol across them.
 */
package org.mmedpo.streams.scoring;
