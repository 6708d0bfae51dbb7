NAME          CAPACITY_SMALL
* Two workload classes, three hardware pools, six slots: a tiny fleet plan.
ROWS
 N  cost
 E  dem_web_0
 E  dem_web_1
 E  dem_web_2
 E  dem_web_3
 E  dem_web_4
 E  dem_web_5
 E  dem_ml_0
 E  dem_ml_1
 E  dem_ml_2
 E  dem_ml_3
 E  dem_ml_4
 E  dem_ml_5
 L  cap_cpu_0
 L  cap_cpu_1
 L  cap_cpu_2
 L  cap_cpu_3
 L  cap_cpu_4
 L  cap_cpu_5
 L  cap_gpu_0
 L  cap_gpu_1
 L  cap_gpu_2
 L  cap_gpu_3
 L  cap_gpu_4
 L  cap_gpu_5
 L  cap_acc_0
 L  cap_acc_1
 L  cap_acc_2
 L  cap_acc_3
 L  cap_acc_4
 L  cap_acc_5
 L  pow_0
 L  pow_1
 L  pow_2
 L  pow_3
 L  pow_4
 L  pow_5
 L  budget
COLUMNS
    x_web_cpu_0  cost  0.3
    x_web_cpu_0  dem_web_0  1
    x_web_cpu_0  cap_cpu_0  1
    x_web_cpu_0  pow_0  0.8
    x_web_cpu_0  budget  0.3
    x_web_cpu_1  cost  0.3
    x_web_cpu_1  dem_web_1  1
    x_web_cpu_1  cap_cpu_1  1
    x_web_cpu_1  pow_1  0.8
    x_web_cpu_1  budget  0.3
    x_web_cpu_2  cost  0.3
    x_web_cpu_2  dem_web_2  1
    x_web_cpu_2  cap_cpu_2  1
    x_web_cpu_2  pow_2  0.8
    x_web_cpu_2  budget  0.3
    x_web_cpu_3  cost  0.3
    x_web_cpu_3  dem_web_3  1
    x_web_cpu_3  cap_cpu_3  1
    x_web_cpu_3  pow_3  0.8
    x_web_cpu_3  budget  0.3
    x_web_cpu_4  cost  0.3
    x_web_cpu_4  dem_web_4  1
    x_web_cpu_4  cap_cpu_4  1
    x_web_cpu_4  pow_4  0.8
    x_web_cpu_4  budget  0.3
    x_web_cpu_5  cost  0.3
    x_web_cpu_5  dem_web_5  1
    x_web_cpu_5  cap_cpu_5  1
    x_web_cpu_5  pow_5  0.8
    x_web_cpu_5  budget  0.3
    unserved_web_0  cost  5
    unserved_web_0  dem_web_0  1
    unserved_web_1  cost  5
    unserved_web_1  dem_web_1  1
    unserved_web_2  cost  5
    unserved_web_2  dem_web_2  1
    unserved_web_3  cost  5
    unserved_web_3  dem_web_3  1
    unserved_web_4  cost  5
    unserved_web_4  dem_web_4  1
    unserved_web_5  cost  5
    unserved_web_5  dem_web_5  1
    x_ml_cpu_0  cost  0.3
    x_ml_cpu_0  dem_ml_0  0.25
    x_ml_cpu_0  cap_cpu_0  1
    x_ml_cpu_0  pow_0  0.8
    x_ml_cpu_0  budget  0.3
    x_ml_cpu_1  cost  0.3
    x_ml_cpu_1  dem_ml_1  0.25
    x_ml_cpu_1  cap_cpu_1  1
    x_ml_cpu_1  pow_1  0.8
    x_ml_cpu_1  budget  0.3
    x_ml_cpu_2  cost  0.3
    x_ml_cpu_2  dem_ml_2  0.25
    x_ml_cpu_2  cap_cpu_2  1
    x_ml_cpu_2  pow_2  0.8
    x_ml_cpu_2  budget  0.3
    x_ml_cpu_3  cost  0.3
    x_ml_cpu_3  dem_ml_3  0.25
    x_ml_cpu_3  cap_cpu_3  1
    x_ml_cpu_3  pow_3  0.8
    x_ml_cpu_3  budget  0.3
    x_ml_cpu_4  cost  0.3
    x_ml_cpu_4  dem_ml_4  0.25
    x_ml_cpu_4  cap_cpu_4  1
    x_ml_cpu_4  pow_4  0.8
    x_ml_cpu_4  budget  0.3
    x_ml_cpu_5  cost  0.3
    x_ml_cpu_5  dem_ml_5  0.25
    x_ml_cpu_5  cap_cpu_5  1
    x_ml_cpu_5  pow_5  0.8
    x_ml_cpu_5  budget  0.3
    x_ml_gpu_0  cost  1.1
    x_ml_gpu_0  dem_ml_0  1
    x_ml_gpu_0  cap_gpu_0  1
    x_ml_gpu_0  pow_0  3.5
    x_ml_gpu_0  budget  1.1
    x_ml_gpu_1  cost  1.1
    x_ml_gpu_1  dem_ml_1  1
    x_ml_gpu_1  cap_gpu_1  1
    x_ml_gpu_1  pow_1  3.5
    x_ml_gpu_1  budget  1.1
    x_ml_gpu_2  cost  1.1
    x_ml_gpu_2  dem_ml_2  1
    x_ml_gpu_2  cap_gpu_2  1
    x_ml_gpu_2  pow_2  3.5
    x_ml_gpu_2  budget  1.1
    x_ml_gpu_3  cost  1.1
    x_ml_gpu_3  dem_ml_3  1
    x_ml_gpu_3  cap_gpu_3  1
    x_ml_gpu_3  pow_3  3.5
    x_ml_gpu_3  budget  1.1
    x_ml_gpu_4  cost  1.1
    x_ml_gpu_4  dem_ml_4  1
    x_ml_gpu_4  cap_gpu_4  1
    x_ml_gpu_4  pow_4  3.5
    x_ml_gpu_4  budget  1.1
    x_ml_gpu_5  cost  1.1
    x_ml_gpu_5  dem_ml_5  1
    x_ml_gpu_5  cap_gpu_5  1
    x_ml_gpu_5  pow_5  3.5
    x_ml_gpu_5  budget  1.1
    x_ml_acc_0  cost  0.7
    x_ml_acc_0  dem_ml_0  0.6
    x_ml_acc_0  cap_acc_0  1
    x_ml_acc_0  pow_0  2
    x_ml_acc_0  budget  0.7
    x_ml_acc_1  cost  0.7
    x_ml_acc_1  dem_ml_1  0.6
    x_ml_acc_1  cap_acc_1  1
    x_ml_acc_1  pow_1  2
    x_ml_acc_1  budget  0.7
    x_ml_acc_2  cost  0.7
    x_ml_acc_2  dem_ml_2  0.6
    x_ml_acc_2  cap_acc_2  1
    x_ml_acc_2  pow_2  2
    x_ml_acc_2  budget  0.7
    x_ml_acc_3  cost  0.7
    x_ml_acc_3  dem_ml_3  0.6
    x_ml_acc_3  cap_acc_3  1
    x_ml_acc_3  pow_3  2
    x_ml_acc_3  budget  0.7
    x_ml_acc_4  cost  0.7
    x_ml_acc_4  dem_ml_4  0.6
    x_ml_acc_4  cap_acc_4  1
    x_ml_acc_4  pow_4  2
    x_ml_acc_4  budget  0.7
    x_ml_acc_5  cost  0.7
    x_ml_acc_5  dem_ml_5  0.6
    x_ml_acc_5  cap_acc_5  1
    x_ml_acc_5  pow_5  2
    x_ml_acc_5  budget  0.7
    unserved_ml_0  cost  9
    unserved_ml_0  dem_ml_0  1
    unserved_ml_1  cost  9
    unserved_ml_1  dem_ml_1  1
    unserved_ml_2  cost  9
    unserved_ml_2  dem_ml_2  1
    unserved_ml_3  cost  9
    unserved_ml_3  dem_ml_3  1
    unserved_ml_4  cost  9
    unserved_ml_4  dem_ml_4  1
    unserved_ml_5  cost  9
    unserved_ml_5  dem_ml_5  1
RHS
    RHS  dem_web_0  220
    RHS  dem_web_1  260
    RHS  dem_web_2  330
    RHS  dem_web_3  380
    RHS  dem_web_4  300
    RHS  dem_web_5  240
    RHS  dem_ml_0  90
    RHS  dem_ml_1  110
    RHS  dem_ml_2  150
    RHS  dem_ml_3  170
    RHS  dem_ml_4  130
    RHS  dem_ml_5  100
    RHS  cap_cpu_0  400
    RHS  cap_cpu_1  400
    RHS  cap_cpu_2  400
    RHS  cap_cpu_3  400
    RHS  cap_cpu_4  400
    RHS  cap_cpu_5  400
    RHS  cap_gpu_0  120
    RHS  cap_gpu_1  120
    RHS  cap_gpu_2  120
    RHS  cap_gpu_3  120
    RHS  cap_gpu_4  120
    RHS  cap_gpu_5  120
    RHS  cap_acc_0  80
    RHS  cap_acc_1  80
    RHS  cap_acc_2  80
    RHS  cap_acc_3  80
    RHS  cap_acc_4  80
    RHS  cap_acc_5  80
    RHS  pow_0  620
    RHS  pow_1  620
    RHS  pow_2  640
    RHS  pow_3  660
    RHS  pow_4  640
    RHS  pow_5  620
    RHS  budget  1500
ENDATA
