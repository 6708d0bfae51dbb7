NAME          SPACE MODEL
ROWS
 N  OBJ ROW
 L  ROW 1
 G  ROW 2
COLUMNS
    COL 1     OBJ ROW   1.0            ROW 1     2.0
    COL 2     ROW 2     3.0
RHS
    RHS 1     ROW 1     10.0           ROW 2     1.0
BOUNDS
 UP BND 1     COL 2     -5.0
 FR BND 1     COL 1
ENDATA
