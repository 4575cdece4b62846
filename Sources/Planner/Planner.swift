/// The daily planner: plan files, routines, the journal of ticks, carry-over and day sheets.
public enum Planner {}
