"""Routing policies the simulator can replay: the product's and simple baselines to compare with."""
