NAME free
OBJSENSE MAXIMIZE
ROWS
 N obj
 L c1
 G c2
COLUMNS
 x obj 3 c1 1
 y obj -2 c2 1
RHS
 c1 10 c2 -1e30
RANGES
 c1 4
BOUNDS
 UP x 1e20
 LI y -3
 UI y 9
 SC x 5
ENDATA
