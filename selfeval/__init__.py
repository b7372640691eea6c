"""Year-end self-evaluation (绩效自评) scored by the standard rules."""
