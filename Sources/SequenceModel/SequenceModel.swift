// Tensors, autodiff and the seq2seq association model live here.
