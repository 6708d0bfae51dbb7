NAME          PROCUREMENT
* Budget-limited procurement (3-year horizon). Buy servers of five types, or
* rent cloud capacity, to meet four workloads' demand at the least total cost
* (capital + 3 years of running cost + rent), with capital spend capped at
* $2.4M, 90 kW of new power and 160 rack units of space. buy_<type> = servers
* bought, use_<workload>_<type> = servers of a type given to a workload,
* rent_<workload> = demand units rented. Existing servers are free to use.
ROWS
 N  cost
 G  demand_web
 G  demand_batch
 G  demand_training
 G  demand_inference
 L  servers_cpu
 L  servers_cpudense
 L  servers_gpuh
 L  servers_gpul
 L  servers_accel
 L  capex
 L  power
 L  space
COLUMNS
    buy_cpu  cost  14400
    buy_cpu  servers_cpu  -1
    buy_cpu  capex  9000
    buy_cpu  power  0.45
    buy_cpu  space  1
    buy_cpudense  cost  23800
    buy_cpudense  servers_cpudense  -1
    buy_cpudense  capex  16000
    buy_cpudense  power  0.7
    buy_cpudense  space  1
    buy_gpuh  cost  330000
    buy_gpuh  servers_gpuh  -1
    buy_gpuh  capex  240000
    buy_gpuh  power  6.5
    buy_gpuh  space  8
    buy_gpul  cost  87000
    buy_gpul  servers_gpul  -1
    buy_gpul  capex  60000
    buy_gpul  power  2.2
    buy_gpul  space  4
    buy_accel  cost  60000
    buy_accel  servers_accel  -1
    buy_accel  capex  45000
    buy_accel  power  1.2
    buy_accel  space  2
    use_web_cpu  demand_web  40
    use_web_cpu  servers_cpu  1
    use_web_cpudense  demand_web  75
    use_web_cpudense  servers_cpudense  1
    rent_web  cost  600
    rent_web  demand_web  1
    use_batch_cpu  demand_batch  30
    use_batch_cpu  servers_cpu  1
    use_batch_cpudense  demand_batch  64
    use_batch_cpudense  servers_cpudense  1
    use_batch_gpuh  demand_batch  20
    use_batch_gpuh  servers_gpuh  1
    use_batch_gpul  demand_batch  10
    use_batch_gpul  servers_gpul  1
    rent_batch  cost  700
    rent_batch  demand_batch  1
    use_training_gpuh  demand_training  8
    use_training_gpuh  servers_gpuh  1
    use_training_gpul  demand_training  2
    use_training_gpul  servers_gpul  1
    use_training_accel  demand_training  1
    use_training_accel  servers_accel  1
    rent_training  cost  70000
    rent_training  demand_training  1
    use_inference_cpu  demand_inference  1
    use_inference_cpu  servers_cpu  1
    use_inference_cpudense  demand_inference  2
    use_inference_cpudense  servers_cpudense  1
    use_inference_gpuh  demand_inference  40
    use_inference_gpuh  servers_gpuh  1
    use_inference_gpul  demand_inference  16
    use_inference_gpul  servers_gpul  1
    use_inference_accel  demand_inference  22
    use_inference_accel  servers_accel  1
    rent_inference  cost  6000
    rent_inference  demand_inference  1
RHS
    rhs  demand_web  6000
    rhs  demand_batch  5000
    rhs  demand_training  60
    rhs  demand_inference  900
    rhs  servers_cpu  40
    rhs  servers_cpudense  10
    rhs  servers_gpuh  2
    rhs  servers_gpul  4
    rhs  capex  2400000
    rhs  power  90
    rhs  space  160
BOUNDS
 UP bnd  buy_cpu  200
 UP bnd  buy_cpudense  120
 UP bnd  buy_gpuh  12
 UP bnd  buy_gpul  30
 UP bnd  buy_accel  40
ENDATA
