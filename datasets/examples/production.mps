NAME          PRODUCTION
* Production planning across hardware, bandwidth and power limits, one day.
* Two sites (east, west) make four services on CPUs and GPUs; each unit needs
* core-hours, GPU-hours, uplink Gb and kWh at the site that makes it. Sales in
* each region are capped; contracts fix minimum deliveries; units made in one
* site may serve the other region over a WAN link of limited capacity.
* make_<service>_<site>_<region> = units made at site for region. Maximises
* revenue minus energy and WAN transfer cost (OBJSENSE MAX).
OBJSENSE
    MAX
ROWS
 N  cost
 L  cores_east
 L  gpus_east
 L  uplink_east
 L  power_east
 L  cores_west
 L  gpus_west
 L  uplink_west
 L  power_west
 L  wan
 L  market_transcode_east
 L  market_transcode_west
 G  contract_transcode
 L  market_search_east
 L  market_search_west
 G  contract_search
 L  market_training_east
 L  market_training_west
 G  contract_training
 L  market_inference_east
 L  market_inference_west
 G  contract_inference
COLUMNS
    make_transcode_east_east  cost  1.0725
    make_transcode_east_east  cores_east  2
    make_transcode_east_east  uplink_east  40
    make_transcode_east_east  power_east  0.25
    make_transcode_east_east  market_transcode_east  1
    make_transcode_east_east  contract_transcode  1
    make_transcode_east_west  cost  0.9925
    make_transcode_east_west  cores_east  2
    make_transcode_east_west  uplink_east  40
    make_transcode_east_west  power_east  0.25
    make_transcode_east_west  wan  40
    make_transcode_east_west  market_transcode_west  1
    make_transcode_east_west  contract_transcode  1
    make_transcode_west_east  cost  1.0025
    make_transcode_west_east  cores_west  2
    make_transcode_west_east  uplink_west  40
    make_transcode_west_east  power_west  0.25
    make_transcode_west_east  wan  40
    make_transcode_west_east  market_transcode_east  1
    make_transcode_west_east  contract_transcode  1
    make_transcode_west_west  cost  1.0825
    make_transcode_west_west  cores_west  2
    make_transcode_west_west  uplink_west  40
    make_transcode_west_west  power_west  0.25
    make_transcode_west_west  market_transcode_west  1
    make_transcode_west_west  contract_transcode  1
    make_search_east_east  cost  0.2934
    make_search_east_east  cores_east  0.5
    make_search_east_east  uplink_east  2
    make_search_east_east  power_east  0.06
    make_search_east_east  market_search_east  1
    make_search_east_east  contract_search  1
    make_search_east_west  cost  0.2894
    make_search_east_west  cores_east  0.5
    make_search_east_west  uplink_east  2
    make_search_east_west  power_east  0.06
    make_search_east_west  wan  2
    make_search_east_west  market_search_west  1
    make_search_east_west  contract_search  1
    make_search_west_east  cost  0.2918
    make_search_west_east  cores_west  0.5
    make_search_west_east  uplink_west  2
    make_search_west_east  power_west  0.06
    make_search_west_east  wan  2
    make_search_west_east  market_search_east  1
    make_search_west_east  contract_search  1
    make_search_west_west  cost  0.2958
    make_search_west_west  cores_west  0.5
    make_search_west_west  uplink_west  2
    make_search_west_west  power_west  0.06
    make_search_west_west  market_search_west  1
    make_search_west_west  contract_search  1
    make_training_east_east  cost  9.148
    make_training_east_east  cores_east  8
    make_training_east_east  gpus_east  4
    make_training_east_east  uplink_east  10
    make_training_east_east  power_east  3.2
    make_training_east_east  market_training_east  1
    make_training_east_east  contract_training  1
    make_training_east_west  cost  9.128
    make_training_east_west  cores_east  8
    make_training_east_west  gpus_east  4
    make_training_east_west  uplink_east  10
    make_training_east_west  power_east  3.2
    make_training_east_west  wan  10
    make_training_east_west  market_training_west  1
    make_training_east_west  contract_training  1
    make_training_west_east  cost  9.256
    make_training_west_east  cores_west  8
    make_training_west_east  gpus_west  4
    make_training_west_east  uplink_west  10
    make_training_west_east  power_west  3.2
    make_training_west_east  wan  10
    make_training_west_east  market_training_east  1
    make_training_west_east  contract_training  1
    make_training_west_west  cost  9.276
    make_training_west_west  cores_west  8
    make_training_west_west  gpus_west  4
    make_training_west_west  uplink_west  10
    make_training_west_west  power_west  3.2
    make_training_west_west  market_training_west  1
    make_training_west_west  contract_training  1
    make_inference_east_east  cost  1.556
    make_inference_east_east  cores_east  1
    make_inference_east_east  gpus_east  0.25
    make_inference_east_east  uplink_east  5
    make_inference_east_east  power_east  0.4
    make_inference_east_east  market_inference_east  1
    make_inference_east_east  contract_inference  1
    make_inference_east_west  cost  1.546
    make_inference_east_west  cores_east  1
    make_inference_east_west  gpus_east  0.25
    make_inference_east_west  uplink_east  5
    make_inference_east_west  power_east  0.4
    make_inference_east_west  wan  5
    make_inference_east_west  market_inference_west  1
    make_inference_east_west  contract_inference  1
    make_inference_west_east  cost  1.562
    make_inference_west_east  cores_west  1
    make_inference_west_east  gpus_west  0.25
    make_inference_west_east  uplink_west  5
    make_inference_west_east  power_west  0.4
    make_inference_west_east  wan  5
    make_inference_west_east  market_inference_east  1
    make_inference_west_east  contract_inference  1
    make_inference_west_west  cost  1.572
    make_inference_west_west  cores_west  1
    make_inference_west_west  gpus_west  0.25
    make_inference_west_west  uplink_west  5
    make_inference_west_west  power_west  0.4
    make_inference_west_west  market_inference_west  1
    make_inference_west_west  contract_inference  1
RHS
    rhs  cores_east  96000
    rhs  gpus_east  4000
    rhs  uplink_east  2000000
    rhs  power_east  90000
    rhs  cores_west  64000
    rhs  gpus_west  6000
    rhs  uplink_west  1500000
    rhs  power_west  80000
    rhs  wan  400000
    rhs  market_transcode_east  30000
    rhs  market_transcode_west  20000
    rhs  contract_transcode  10000
    rhs  market_search_east  90000
    rhs  market_search_west  70000
    rhs  contract_search  40000
    rhs  market_training_east  800
    rhs  market_training_west  900
    rhs  contract_training  300
    rhs  market_inference_east  12000
    rhs  market_inference_west  10000
    rhs  contract_inference  5000
ENDATA
