(* GatedRecurrentLayer page, Options: "Dropout" (2 of 2).
   Run with `wlnet -print all examples/options_dropout_train.wl` to see each result. *)

(* Create a randomly initialized GatedRecurrentLayer with specified dropout probability: *)
gru = NetInitialize@GatedRecurrentLayer[2, "Dropout" -> 0.5, "Input" -> {"Varying", 2}]

(* Evaluate the layer on a sequence of vectors: *)
data = {{1, 2}, {3, 4}, {1, 0}, {2, 2}};
gru[data]//MatrixForm

(* Dropout has no effect during evaluation: *)
gru2 = NetReplacePart[gru, "Dropout" -> 0];
gru[data] == gru2[data]

(* Use NetEvaluationMode to force the training behavior of dropout: *)
gru[data, NetEvaluationMode -> "Train"]//MatrixForm

(* Multiple evaluations on the same input can give different results: *)
Table[gru[{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, NetEvaluationMode -> "Train"], 5]//Map[MatrixPlot[#, ImageSize -> 30, FrameTicks -> None]&]
