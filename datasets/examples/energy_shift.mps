NAME          ENERGY_SHIFT
* Energy-cost-aware scheduling over 24 hourly slots. Interactive load is fixed;
* six deferrable batch jobs need a given energy each between their release and
* their deadline, at most at their maximum rate. The site may draw at most its
* power cap (lower in the afternoon heat). Cost = energy at the hourly price
* (cheap at night and at the solar noon, dear in the evening) + a demand charge
* on the peak draw. p_<job>_<hour> = MW drawn by a job in an hour; peak = the
* peak draw in MW. The interactive load's energy cost is the objective offset.
ROWS
 N  cost
 E  energy_etl
 E  energy_backup
 E  energy_train
 E  energy_reindex
 E  energy_render
 E  energy_archive
 L  cap_0
 G  peak_0
 L  cap_1
 G  peak_1
 L  cap_2
 G  peak_2
 L  cap_3
 G  peak_3
 L  cap_4
 G  peak_4
 L  cap_5
 G  peak_5
 L  cap_6
 G  peak_6
 L  cap_7
 G  peak_7
 L  cap_8
 G  peak_8
 L  cap_9
 G  peak_9
 L  cap_10
 G  peak_10
 L  cap_11
 G  peak_11
 L  cap_12
 G  peak_12
 L  cap_13
 G  peak_13
 L  cap_14
 G  peak_14
 L  cap_15
 G  peak_15
 L  cap_16
 G  peak_16
 L  cap_17
 G  peak_17
 L  cap_18
 G  peak_18
 L  cap_19
 G  peak_19
 L  cap_20
 G  peak_20
 L  cap_21
 G  peak_21
 L  cap_22
 G  peak_22
 L  cap_23
 G  peak_23
COLUMNS
    p_etl_0  cost  42
    p_etl_0  energy_etl  1
    p_etl_0  cap_0  1
    p_etl_0  peak_0  -1
    p_etl_1  cost  38
    p_etl_1  energy_etl  1
    p_etl_1  cap_1  1
    p_etl_1  peak_1  -1
    p_etl_2  cost  35
    p_etl_2  energy_etl  1
    p_etl_2  cap_2  1
    p_etl_2  peak_2  -1
    p_etl_3  cost  33
    p_etl_3  energy_etl  1
    p_etl_3  cap_3  1
    p_etl_3  peak_3  -1
    p_etl_4  cost  34
    p_etl_4  energy_etl  1
    p_etl_4  cap_4  1
    p_etl_4  peak_4  -1
    p_etl_5  cost  40
    p_etl_5  energy_etl  1
    p_etl_5  cap_5  1
    p_etl_5  peak_5  -1
    p_etl_6  cost  55
    p_etl_6  energy_etl  1
    p_etl_6  cap_6  1
    p_etl_6  peak_6  -1
    p_etl_7  cost  78
    p_etl_7  energy_etl  1
    p_etl_7  cap_7  1
    p_etl_7  peak_7  -1
    p_backup_1  cost  38
    p_backup_1  energy_backup  1
    p_backup_1  cap_1  1
    p_backup_1  peak_1  -1
    p_backup_2  cost  35
    p_backup_2  energy_backup  1
    p_backup_2  cap_2  1
    p_backup_2  peak_2  -1
    p_backup_3  cost  33
    p_backup_3  energy_backup  1
    p_backup_3  cap_3  1
    p_backup_3  peak_3  -1
    p_backup_4  cost  34
    p_backup_4  energy_backup  1
    p_backup_4  cap_4  1
    p_backup_4  peak_4  -1
    p_backup_5  cost  40
    p_backup_5  energy_backup  1
    p_backup_5  cap_5  1
    p_backup_5  peak_5  -1
    p_backup_6  cost  55
    p_backup_6  energy_backup  1
    p_backup_6  cap_6  1
    p_backup_6  peak_6  -1
    p_backup_7  cost  78
    p_backup_7  energy_backup  1
    p_backup_7  cap_7  1
    p_backup_7  peak_7  -1
    p_backup_8  cost  92
    p_backup_8  energy_backup  1
    p_backup_8  cap_8  1
    p_backup_8  peak_8  -1
    p_backup_9  cost  70
    p_backup_9  energy_backup  1
    p_backup_9  cap_9  1
    p_backup_9  peak_9  -1
    p_backup_10  cost  45
    p_backup_10  energy_backup  1
    p_backup_10  cap_10  1
    p_backup_10  peak_10  -1
    p_backup_11  cost  30
    p_backup_11  energy_backup  1
    p_backup_11  cap_11  1
    p_backup_11  peak_11  -1
    p_train_0  cost  42
    p_train_0  energy_train  1
    p_train_0  cap_0  1
    p_train_0  peak_0  -1
    p_train_1  cost  38
    p_train_1  energy_train  1
    p_train_1  cap_1  1
    p_train_1  peak_1  -1
    p_train_2  cost  35
    p_train_2  energy_train  1
    p_train_2  cap_2  1
    p_train_2  peak_2  -1
    p_train_3  cost  33
    p_train_3  energy_train  1
    p_train_3  cap_3  1
    p_train_3  peak_3  -1
    p_train_4  cost  34
    p_train_4  energy_train  1
    p_train_4  cap_4  1
    p_train_4  peak_4  -1
    p_train_5  cost  40
    p_train_5  energy_train  1
    p_train_5  cap_5  1
    p_train_5  peak_5  -1
    p_train_6  cost  55
    p_train_6  energy_train  1
    p_train_6  cap_6  1
    p_train_6  peak_6  -1
    p_train_7  cost  78
    p_train_7  energy_train  1
    p_train_7  cap_7  1
    p_train_7  peak_7  -1
    p_train_8  cost  92
    p_train_8  energy_train  1
    p_train_8  cap_8  1
    p_train_8  peak_8  -1
    p_train_9  cost  70
    p_train_9  energy_train  1
    p_train_9  cap_9  1
    p_train_9  peak_9  -1
    p_train_10  cost  45
    p_train_10  energy_train  1
    p_train_10  cap_10  1
    p_train_10  peak_10  -1
    p_train_11  cost  30
    p_train_11  energy_train  1
    p_train_11  cap_11  1
    p_train_11  peak_11  -1
    p_train_12  cost  24
    p_train_12  energy_train  1
    p_train_12  cap_12  1
    p_train_12  peak_12  -1
    p_train_13  cost  22
    p_train_13  energy_train  1
    p_train_13  cap_13  1
    p_train_13  peak_13  -1
    p_train_14  cost  26
    p_train_14  energy_train  1
    p_train_14  cap_14  1
    p_train_14  peak_14  -1
    p_train_15  cost  38
    p_train_15  energy_train  1
    p_train_15  cap_15  1
    p_train_15  peak_15  -1
    p_train_16  cost  60
    p_train_16  energy_train  1
    p_train_16  cap_16  1
    p_train_16  peak_16  -1
    p_train_17  cost  95
    p_train_17  energy_train  1
    p_train_17  cap_17  1
    p_train_17  peak_17  -1
    p_train_18  cost  140
    p_train_18  energy_train  1
    p_train_18  cap_18  1
    p_train_18  peak_18  -1
    p_train_19  cost  150
    p_train_19  energy_train  1
    p_train_19  cap_19  1
    p_train_19  peak_19  -1
    p_train_20  cost  120
    p_train_20  energy_train  1
    p_train_20  cap_20  1
    p_train_20  peak_20  -1
    p_train_21  cost  88
    p_train_21  energy_train  1
    p_train_21  cap_21  1
    p_train_21  peak_21  -1
    p_train_22  cost  64
    p_train_22  energy_train  1
    p_train_22  cap_22  1
    p_train_22  peak_22  -1
    p_train_23  cost  50
    p_train_23  energy_train  1
    p_train_23  cap_23  1
    p_train_23  peak_23  -1
    p_reindex_9  cost  70
    p_reindex_9  energy_reindex  1
    p_reindex_9  cap_9  1
    p_reindex_9  peak_9  -1
    p_reindex_10  cost  45
    p_reindex_10  energy_reindex  1
    p_reindex_10  cap_10  1
    p_reindex_10  peak_10  -1
    p_reindex_11  cost  30
    p_reindex_11  energy_reindex  1
    p_reindex_11  cap_11  1
    p_reindex_11  peak_11  -1
    p_reindex_12  cost  24
    p_reindex_12  energy_reindex  1
    p_reindex_12  cap_12  1
    p_reindex_12  peak_12  -1
    p_reindex_13  cost  22
    p_reindex_13  energy_reindex  1
    p_reindex_13  cap_13  1
    p_reindex_13  peak_13  -1
    p_reindex_14  cost  26
    p_reindex_14  energy_reindex  1
    p_reindex_14  cap_14  1
    p_reindex_14  peak_14  -1
    p_reindex_15  cost  38
    p_reindex_15  energy_reindex  1
    p_reindex_15  cap_15  1
    p_reindex_15  peak_15  -1
    p_reindex_16  cost  60
    p_reindex_16  energy_reindex  1
    p_reindex_16  cap_16  1
    p_reindex_16  peak_16  -1
    p_render_12  cost  24
    p_render_12  energy_render  1
    p_render_12  cap_12  1
    p_render_12  peak_12  -1
    p_render_13  cost  22
    p_render_13  energy_render  1
    p_render_13  cap_13  1
    p_render_13  peak_13  -1
    p_render_14  cost  26
    p_render_14  energy_render  1
    p_render_14  cap_14  1
    p_render_14  peak_14  -1
    p_render_15  cost  38
    p_render_15  energy_render  1
    p_render_15  cap_15  1
    p_render_15  peak_15  -1
    p_render_16  cost  60
    p_render_16  energy_render  1
    p_render_16  cap_16  1
    p_render_16  peak_16  -1
    p_render_17  cost  95
    p_render_17  energy_render  1
    p_render_17  cap_17  1
    p_render_17  peak_17  -1
    p_render_18  cost  140
    p_render_18  energy_render  1
    p_render_18  cap_18  1
    p_render_18  peak_18  -1
    p_render_19  cost  150
    p_render_19  energy_render  1
    p_render_19  cap_19  1
    p_render_19  peak_19  -1
    p_render_20  cost  120
    p_render_20  energy_render  1
    p_render_20  cap_20  1
    p_render_20  peak_20  -1
    p_render_21  cost  88
    p_render_21  energy_render  1
    p_render_21  cap_21  1
    p_render_21  peak_21  -1
    p_render_22  cost  64
    p_render_22  energy_render  1
    p_render_22  cap_22  1
    p_render_22  peak_22  -1
    p_render_23  cost  50
    p_render_23  energy_render  1
    p_render_23  cap_23  1
    p_render_23  peak_23  -1
    p_archive_18  cost  140
    p_archive_18  energy_archive  1
    p_archive_18  cap_18  1
    p_archive_18  peak_18  -1
    p_archive_19  cost  150
    p_archive_19  energy_archive  1
    p_archive_19  cap_19  1
    p_archive_19  peak_19  -1
    p_archive_20  cost  120
    p_archive_20  energy_archive  1
    p_archive_20  cap_20  1
    p_archive_20  peak_20  -1
    p_archive_21  cost  88
    p_archive_21  energy_archive  1
    p_archive_21  cap_21  1
    p_archive_21  peak_21  -1
    p_archive_22  cost  64
    p_archive_22  energy_archive  1
    p_archive_22  cap_22  1
    p_archive_22  peak_22  -1
    p_archive_23  cost  50
    p_archive_23  energy_archive  1
    p_archive_23  cap_23  1
    p_archive_23  peak_23  -1
    peak  peak_0  1
    peak  peak_1  1
    peak  peak_2  1
    peak  peak_3  1
    peak  peak_4  1
    peak  peak_5  1
    peak  peak_6  1
    peak  peak_7  1
    peak  peak_8  1
    peak  peak_9  1
    peak  peak_10  1
    peak  peak_11  1
    peak  peak_12  1
    peak  peak_13  1
    peak  peak_14  1
    peak  peak_15  1
    peak  peak_16  1
    peak  peak_17  1
    peak  peak_18  1
    peak  peak_19  1
    peak  peak_20  1
    peak  peak_21  1
    peak  peak_22  1
    peak  peak_23  1
    peak  cost  400
RHS
    rhs  cost  -39195
    rhs  energy_etl  40
    rhs  energy_backup  30
    rhs  energy_train  120
    rhs  energy_reindex  25
    rhs  energy_render  60
    rhs  energy_archive  20
    rhs  cap_0  30
    rhs  peak_0  18
    rhs  cap_1  31
    rhs  peak_1  17
    rhs  cap_2  32
    rhs  peak_2  16
    rhs  cap_3  32
    rhs  peak_3  16
    rhs  cap_4  32
    rhs  peak_4  16
    rhs  cap_5  31
    rhs  peak_5  17
    rhs  cap_6  28
    rhs  peak_6  20
    rhs  cap_7  24
    rhs  peak_7  24
    rhs  cap_8  21
    rhs  peak_8  27
    rhs  cap_9  20
    rhs  peak_9  28
    rhs  cap_10  19
    rhs  peak_10  29
    rhs  cap_11  18
    rhs  peak_11  30
    rhs  cap_12  14
    rhs  peak_12  30
    rhs  cap_13  12
    rhs  peak_13  30
    rhs  cap_14  9
    rhs  peak_14  31
    rhs  cap_15  9
    rhs  peak_15  31
    rhs  cap_16  11
    rhs  peak_16  31
    rhs  cap_17  12
    rhs  peak_17  32
    rhs  cap_18  15
    rhs  peak_18  33
    rhs  cap_19  16
    rhs  peak_19  32
    rhs  cap_20  19
    rhs  peak_20  29
    rhs  cap_21  22
    rhs  peak_21  26
    rhs  cap_22  26
    rhs  peak_22  22
    rhs  cap_23  28
    rhs  peak_23  20
BOUNDS
 UP bnd  p_etl_0  8
 UP bnd  p_etl_1  8
 UP bnd  p_etl_2  8
 UP bnd  p_etl_3  8
 UP bnd  p_etl_4  8
 UP bnd  p_etl_5  8
 UP bnd  p_etl_6  8
 UP bnd  p_etl_7  8
 UP bnd  p_backup_1  6
 UP bnd  p_backup_2  6
 UP bnd  p_backup_3  6
 UP bnd  p_backup_4  6
 UP bnd  p_backup_5  6
 UP bnd  p_backup_6  6
 UP bnd  p_backup_7  6
 UP bnd  p_backup_8  6
 UP bnd  p_backup_9  6
 UP bnd  p_backup_10  6
 UP bnd  p_backup_11  6
 UP bnd  p_train_0  12
 UP bnd  p_train_1  12
 UP bnd  p_train_2  12
 UP bnd  p_train_3  12
 UP bnd  p_train_4  12
 UP bnd  p_train_5  12
 UP bnd  p_train_6  12
 UP bnd  p_train_7  12
 UP bnd  p_train_8  12
 UP bnd  p_train_9  12
 UP bnd  p_train_10  12
 UP bnd  p_train_11  12
 UP bnd  p_train_12  12
 UP bnd  p_train_13  12
 UP bnd  p_train_14  12
 UP bnd  p_train_15  12
 UP bnd  p_train_16  12
 UP bnd  p_train_17  12
 UP bnd  p_train_18  12
 UP bnd  p_train_19  12
 UP bnd  p_train_20  12
 UP bnd  p_train_21  12
 UP bnd  p_train_22  12
 UP bnd  p_train_23  12
 UP bnd  p_reindex_9  5
 UP bnd  p_reindex_10  5
 UP bnd  p_reindex_11  5
 UP bnd  p_reindex_12  5
 UP bnd  p_reindex_13  5
 UP bnd  p_reindex_14  5
 UP bnd  p_reindex_15  5
 UP bnd  p_reindex_16  5
 UP bnd  p_render_12  10
 UP bnd  p_render_13  10
 UP bnd  p_render_14  10
 UP bnd  p_render_15  10
 UP bnd  p_render_16  10
 UP bnd  p_render_17  10
 UP bnd  p_render_18  10
 UP bnd  p_render_19  10
 UP bnd  p_render_20  10
 UP bnd  p_render_21  10
 UP bnd  p_render_22  10
 UP bnd  p_render_23  10
 UP bnd  p_archive_18  4
 UP bnd  p_archive_19  4
 UP bnd  p_archive_20  4
 UP bnd  p_archive_21  4
 UP bnd  p_archive_22  4
 UP bnd  p_archive_23  4
ENDATA
