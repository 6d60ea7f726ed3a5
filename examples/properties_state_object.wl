(* GatedRecurrentLayer page, Properties & Relations.
   Run with `wlnet -print all examples/properties_state_object.wl` to see each result. *)

(* NetStateObject can be used to create a net that remembers the state of GatedRecurrentLayer: *)
sobj = NetStateObject[NetInitialize@GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]]

(* Each evaluation modifies the state stored inside the NetStateObject: *)
sobj[{{0, 0}, {1, 1}}]

sobj[{{0, 0}, {1, 1}}]

sobj[{{0, 0}, {1, 1}}]
