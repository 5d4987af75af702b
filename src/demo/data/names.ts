// Name frequency tables for the demo population, by ethnic group. Weights are
// relative frequencies, hand-set to follow the rank order of the ONS baby
// names lists (England and Wales, 1980s–2020s) and of common surnames, so that
// common names are common (Smith, Jones, Olivia, Mohammed) and rare ones rare:
// the linker must meet the same term frequencies as in life. They are not
// measured counts. Shares of groups follow Census 2021 (England and Wales).
// All generated people are invented: names are drawn independently.

export interface NameGroup {
  id: string;
  label: string;
  /** share of households whose mother belongs to this group (Census 2021, England and Wales, rounded) */
  share: number;
  female: readonly (readonly [string, number])[];
  male: readonly (readonly [string, number])[];
  surnames: readonly (readonly [string, number])[];
  /** chance that a child of this group gets a middle name */
  middleName: number;
}

const W = (s: string): [string, number][] =>
  // "Name:weight Name:weight" → tuples; compact to keep the tables readable.
  s
    .trim()
    .split(/\s+/)
    .map((t) => {
      const [n, w] = t.split(':');
      return [(n ?? '').replace(/_/g, ' '), Number(w ?? 1)] as [string, number];
    });

export const NAME_GROUPS: readonly NameGroup[] = [
  {
    id: 'white_british',
    label: 'White British',
    share: 0.744,
    middleName: 0.8,
    female: W(`Olivia:30 Amelia:28 Isla:22 Ava:22 Emily:26 Sophie:24 Jessica:24 Lily:22 Grace:20 Ella:18 Chloe:22
      Charlotte:20 Mia:16 Poppy:16 Evie:16 Freya:14 Ruby:14 Daisy:12 Sophia:12 Hannah:16 Lucy:16 Megan:14 Holly:12
      Lauren:16 Rebecca:14 Sarah:20 Laura:16 Emma:18 Amy:16 Gemma:12 Hayley:10 Kirsty:8 Stacey:8 Danielle:10 Leanne:8
      Kelly:10 Nicola:10 Claire:12 Samantha:12 Victoria:12 Natalie:10 Jade:10 Kayleigh:6 Chantelle:4 Courtney:6
      Katie:12 Abigail:10 Eleanor:8 Matilda:8 Florence:10 Elsie:8 Rosie:8 Harriet:6 Imogen:6 Millie:10 Phoebe:8
      Elizabeth:10 Katherine:6 Jennifer:8 Michelle:8 Lisa:8 Joanne:8 Tracey:6 Donna:6 Karen:6 Susan:6 Julie:6
      Margaret:4 Patricia:4 Linda:4 Carol:4 Jacqueline:4 Deborah:5 Alison:5 Helen:6 Louise:8 Zoe:8 Tia:5 Skye:4`),
    male: W(`Oliver:30 George:28 Harry:26 Jack:30 Noah:20 Leo:18 Arthur:18 Charlie:22 Oscar:16 Alfie:18 Freddie:16
      Thomas:24 James:28 William:22 Joshua:20 Samuel:16 Daniel:22 Matthew:20 Ryan:16 Luke:16 Callum:10 Lewis:12
      Jamie:12 Kieran:8 Liam:12 Connor:10 Jordan:10 Bradley:8 Jake:12 Kyle:8 Ethan:16 Mason:12 Logan:10 Riley:10
      Archie:14 Henry:14 Theo:14 Teddy:8 Finley:10 Tyler:10 Lucas:12 Max:10 Toby:8 Reggie:6 Ronnie:6 Tommy:6
      Michael:20 David:20 Christopher:16 Andrew:16 Mark:14 Paul:14 Richard:12 Robert:12 Stephen:12 Steven:8
      Darren:8 Lee:10 Wayne:6 Craig:8 Dean:8 Gary:8 Scott:8 Anthony:10 Jason:8 Martin:8 Peter:8 John:12 Kevin:6
      Adam:12 Ben:8 Benjamin:12 Alexander:12 Nathan:10 Aaron:8 Shane:4 Jonathan:8 Nicholas:8 Joseph:14 Jacob:12`),
    surnames: W(`Smith:120 Jones:90 Williams:70 Taylor:60 Brown:60 Davies:50 Evans:40 Wilson:40 Thomas:38 Johnson:36
      Roberts:34 Robinson:30 Thompson:30 Wright:30 Walker:30 White:28 Edwards:26 Hughes:26 Green:26 Hall:26 Lewis:26
      Harris:24 Clarke:24 Patel:2 Jackson:24 Wood:24 Turner:22 Martin:22 Cooper:22 Hill:22 Ward:22 Morris:22 Moore:22
      Clark:20 Lee:20 King:20 Baker:20 Harrison:20 Morgan:20 Allen:18 James:18 Scott:18 Phillips:18 Watson:18
      Davis:18 Parker:16 Price:16 Bennett:16 Young:16 Griffiths:16 Mitchell:16 Kelly:16 Cook:16 Carter:16
      Richardson:14 Bailey:14 Collins:14 Bell:14 Shaw:14 Murphy:14 Miller:14 Cox:14 Richards:14 Khan:2 Marshall:12
      Anderson:12 Simpson:12 Ellis:12 Adams:12 Singh:1 Begum:1 Wilkinson:12 Foster:12 Chapman:12 Powell:12 Webb:12
      Rogers:12 Gray:12 Mason:12 Hunt:12 Holmes:10 Palmer:10 Mills:10 Barnes:10 Knight:10 Lloyd:10 Butler:10
      Russell:10 Barker:10 Fisher:10 Stevens:10 Jenkins:10 Dixon:10 Fletcher:10 Fox:8 Payne:8 Pearson:8 Hudson:8
      Gibson:8 Booth:8 Armstrong:8 Lawrence:8 Owen:8 Holland:6 Riley:8 Burton:8 Dawson:8 Sutton:6 Grant:6 Hart:6
      Perry:6 Fowler:6 Stone:6 Hayes:6 Newman:6 Rose:6 Walsh:8 Quinn:4 Doyle:4 Nash:4 Pratt:4 Hobbs:4 Mann:4`),
  },
  {
    id: 'polish',
    label: 'White Other: Polish',
    share: 0.015,
    middleName: 0.15,
    female: W(`Zuzanna:10 Julia:12 Maja:10 Zofia:8 Hanna:8 Lena:8 Alicja:6 Natalia:8 Katarzyna:8 Agnieszka:8 Anna:14
      Magdalena:6 Ewa:6 Joanna:8 Aleksandra:8 Monika:6 Karolina:6 Paulina:6 Oliwia:6 Wiktoria:6`),
    male: W(`Jakub:12 Antoni:8 Szymon:8 Jan:8 Filip:8 Kacper:8 Mateusz:8 Piotr:8 Tomasz:8 Krzysztof:6 Pawel:8 Marcin:6
      Lukasz:8 Michal:8 Adam:6 Dawid:6 Bartosz:6 Wojciech:4 Oskar:6 Igor:4`),
    surnames: W(`Nowak:12 Kowalski:10 Kowalska:6 Wisniewski:8 Wojcik:8 Kowalczyk:8 Kaminski:6 Lewandowski:6 Zielinski:6
      Szymanski:6 Wozniak:6 Dabrowski:6 Kozlowski:5 Jankowski:5 Mazur:5 Kwiatkowski:5 Krawczyk:4 Piotrowski:4 Grabowski:4`),
  },
  {
    id: 'romanian',
    label: 'White Other: Romanian',
    share: 0.012,
    middleName: 0.2,
    female: W(`Ioana:8 Andreea:8 Elena:10 Maria:14 Gabriela:8 Bianca:6 Alexandra:8 Daria:6 Denisa:6 Raluca:4 Cristina:6 Sofia:8`),
    male: W(`Andrei:10 Alexandru:10 Ionut:6 Stefan:6 Mihai:8 David:8 Gabriel:8 Adrian:8 Florin:6 Cristian:6 Razvan:4 Darius:6`),
    surnames: W(`Popescu:8 Ionescu:6 Popa:6 Dumitru:6 Stan:5 Constantin:5 Stoica:4 Gheorghe:5 Rusu:5 Munteanu:4 Matei:4 Lungu:4`),
  },
  {
    id: 'iberian_italian',
    label: 'White Other: Portuguese, Spanish, Italian',
    share: 0.015,
    middleName: 0.5,
    female: W(`Ana:8 Beatriz:6 Sofia:10 Maria:12 Mariana:6 Ines:6 Lucia:6 Giulia:6 Chiara:4 Martina:4 Francesca:4 Carla:4`),
    male: W(`Joao:8 Tiago:6 Pedro:6 Rodrigo:6 Diogo:4 Luca:8 Matteo:6 Marco:6 Alejandro:4 Pablo:4 Daniel:6 Miguel:6`),
    surnames: W(`Silva:8 Santos:8 Ferreira:6 Pereira:6 Costa:6 Oliveira:6 Rodrigues:5 Rossi:5 Russo:4 Esposito:4 Garcia:5 Fernandez:4`),
  },
  {
    id: 'white_other',
    label: 'White Other: other European (Lithuanian, Bulgarian, Albanian, Hungarian)',
    share: 0.02,
    middleName: 0.2,
    female: W(`Ruta:4 Egle:4 Gabija:4 Ieva:4 Maria:6 Elena:6 Viktoria:6 Anna:8 Daria:4 Arta:4 Elira:3 Eszter:3 Nora:4`),
    male: W(`Lukas:6 Mantas:4 Tomas:6 Matas:4 Nikola:4 Georgi:4 Ivan:6 Arber:4 Ardit:3 Bence:3 Mate:3 David:6 Adrian:6`),
    surnames: W(`Kazlauskas:4 Petrauskas:4 Jankauskas:3 Ivanov:4 Georgiev:4 Dimitrov:4 Hoxha:4 Krasniqi:4 Gashi:3 Horvath:4
      Nagy:4 Toth:3 Novak:4`),
  },
  {
    id: 'irish',
    label: 'White Irish',
    share: 0.009,
    middleName: 0.6,
    female: W(`Aoife:8 Siobhan:8 Niamh:8 Ciara:8 Orla:6 Grainne:4 Roisin:6 Mary:10 Bridget:4 Sinead:6 Caoimhe:4 Saoirse:6 Emma:6`),
    male: W(`Sean:10 Patrick:10 Ciaran:8 Conor:8 Declan:6 Liam:8 Eoin:6 Padraig:4 Cian:6 Darragh:6 Michael:10 Oisin:6`),
    surnames: W(`Murphy:10 Kelly:8 O'Sullivan:8 Walsh:8 O'Brien:8 Byrne:6 Ryan:8 O'Connor:8 O'Neill:6 Doherty:6 McCarthy:6
      Gallagher:5 Doyle:6 Kennedy:5 Lynch:5 Quinn:5 McLaughlin:4 Brennan:4 Fitzgerald:4 Nolan:4`),
  },
  {
    id: 'traveller',
    label: 'Gypsy or Irish Traveller',
    share: 0.001,
    middleName: 0.3,
    female: W(`Mary:10 Bridget:8 Margaret:6 Kathleen:6 Ellen:6 Nora:4 Shanna:4 Tiffany:4 Sabrina:4 Maggie:4 Dolly:3 Minnie:3`),
    male: W(`John:10 Patrick:8 Michael:8 Martin:6 Tommy:6 Jimmy:6 Johnny:6 Billy:6 Sonny:4 Levi:4 Jim:4 Joe:6`),
    surnames: W(`Ward:10 McDonagh:8 Doran:6 Joyce:6 Connors:6 Stokes:4 Maughan:6 Price:4 Smith:6 Lee:4 Boswell:4 Loveridge:3`),
  },
  {
    id: 'indian',
    label: 'Asian or Asian British: Indian',
    share: 0.031,
    middleName: 0.2,
    female: W(`Priya:8 Anjali:6 Sita:4 Pooja:6 Neha:6 Riya:8 Anaya:8 Aanya:6 Kavya:6 Simran:8 Harpreet:6 Manpreet:6
      Gurpreet:4 Jaspreet:4 Divya:6 Meera:6 Sunita:4 Asha:4 Kiran:4 Isha:6`),
    male: W(`Arjun:8 Aarav:8 Rohan:6 Vihaan:6 Krish:6 Dev:6 Rahul:6 Amit:6 Sanjay:4 Vikram:4 Harjit:4 Gurdeep:4
      Manjit:4 Jaspal:4 Ravi:6 Nikhil:4 Ishaan:6 Aryan:6 Sunil:4 Raj:6`),
    surnames: W(`Patel:30 Singh:24 Kaur:16 Sharma:8 Shah:8 Gill:6 Sandhu:5 Kumar:8 Mistry:5 Parmar:5 Desai:4 Joshi:4
      Mehta:4 Chauhan:4 Dhillon:4 Bains:4 Sidhu:4 Gupta:4`),
  },
  {
    id: 'pakistani',
    label: 'Asian or Asian British: Pakistani',
    share: 0.027,
    middleName: 0.4,
    female: W(`Aisha:10 Fatima:10 Maryam:10 Zainab:8 Hafsa:6 Amna:6 Ayesha:8 Khadija:6 Sana:6 Iqra:6 Hira:4 Noor:6
      Saima:4 Nadia:6 Shazia:4 Rubina:3 Samina:4 Zara:6`),
    male: W(`Muhammad:20 Mohammed:20 Mohammad:10 Ali:10 Ibrahim:8 Yusuf:8 Hamza:8 Bilal:6 Usman:6 Zain:6 Ayaan:6
      Imran:6 Adil:4 Faisal:4 Tariq:4 Kamran:4 Asif:4 Omar:6 Abdullah:6 Haris:4`),
    surnames: W(`Khan:30 Hussain:20 Ahmed:18 Ali:16 Akhtar:8 Iqbal:8 Mahmood:8 Butt:6 Shah:6 Rashid:6 Aslam:5 Bibi:5
      Mirza:4 Qureshi:5 Riaz:4 Saleem:4 Javed:4 Malik:6`),
  },
  {
    id: 'bangladeshi',
    label: 'Asian or Asian British: Bangladeshi',
    share: 0.011,
    middleName: 0.3,
    female: W(`Ayesha:8 Fatema:8 Sumaiya:6 Tahmina:4 Nusrat:4 Jannat:6 Habiba:6 Rumana:4 Shirin:4 Sadia:6 Maisha:4 Anisa:4`),
    male: W(`Mohammed:16 Abdul:10 Rahim:6 Shahid:4 Rakib:4 Rayhan:6 Ayaan:6 Sami:4 Faruk:4 Jamal:4 Mizanur:3 Arif:4`),
    surnames: W(`Begum:20 Miah:16 Uddin:14 Rahman:14 Islam:10 Ahmed:10 Hoque:6 Khatun:8 Chowdhury:6 Ali:6 Hossain:6 Sarkar:3`),
  },
  {
    id: 'chinese',
    label: 'Asian or Asian British: Chinese',
    share: 0.007,
    middleName: 0.3,
    female: W(`Mei:6 Li_Na:4 Xinyi:4 Yan:4 Hui:4 Ying:4 Jing:4 Chloe:4 Grace:4 Emily:4 Ling:4`),
    male: W(`Wei:6 Jun:4 Hao:4 Jian:4 Ming:4 Yi:4 Kai:4 Ethan:4 Jason:4 Lucas:4 Tian:4`),
    surnames: W(`Wang:10 Li:10 Zhang:8 Chen:8 Liu:6 Yang:4 Huang:4 Wong:8 Chan:8 Lam:4 Cheung:4 Ng:4`),
  },
  {
    id: 'other_asian',
    label: 'Asian or Asian British: Other (Tamil, Filipino, Afghan, Nepali)',
    share: 0.016,
    middleName: 0.4,
    female: W(`Tharshika:4 Kavitha:4 Maria:6 Angelica:4 Mariam:6 Parwana:3 Sabina:4 Anita:4 Nisha:4 Gita:4`),
    male: W(`Tharshan:4 Suresh:4 Jose:6 Mark:4 Ahmad:6 Mustafa:4 Bishal:4 Ram:4 Kiran:4 Ajith:4`),
    surnames: W(`Sivakumar:4 Selvarajah:4 Thavarajah:3 Santos:4 Reyes:4 Cruz:4 Ahmadi:5 Rahimi:4 Gurung:5 Rai:4 Thapa:4`),
  },
  {
    id: 'black_african',
    label: 'Black or Black British: African',
    share: 0.025,
    middleName: 0.8,
    female: W(`Blessing:8 Favour:6 Precious:6 Chioma:6 Ngozi:6 Adaeze:4 Oluwaseun:4 Temitope:6 Abisola:4 Funmilayo:4
      Ama:6 Akosua:4 Abena:4 Efua:3 Hodan:4 Amina:6 Fadumo:4 Hibaaq:3 Grace:8 Esther:6 Mercy:6 Comfort:4 Deborah:6`),
    male: W(`David:8 Daniel:8 Samuel:8 Emmanuel:8 Joshua:6 Chukwuemeka:4 Chinedu:4 Obinna:4 Oluwaseun:4 Olumide:4
      Tunde:4 Femi:4 Kwame:6 Kofi:6 Kwabena:4 Yaw:4 Abdi:6 Mohamed:8 Ahmed:6 Hassan:4 Ibrahim:4 Victor:4 Michael:6`),
    surnames: W(`Okafor:6 Okonkwo:4 Adeyemi:6 Adebayo:6 Ogunleye:4 Olawale:4 Eze:4 Nwosu:4 Afolabi:4 Mensah:8 Owusu:8
      Boateng:6 Asante:6 Osei:6 Agyeman:4 Appiah:4 Mohamed:8 Ali:6 Hassan:6 Abdi:6 Farah:4 Warsame:3 Kamara:4 Conteh:3`),
  },
  {
    id: 'black_caribbean',
    label: 'Black or Black British: Caribbean',
    share: 0.01,
    middleName: 0.7,
    female: W(`Shanice:6 Tanisha:4 Keisha:4 Jasmine:6 Aaliyah:6 Nia:6 Imani:4 Sasha:4 Tiana:4 Kemi:2 Marcia:4
      Beverley:4 Sonia:4 Paulette:3 Natasha:6 Danielle:4`),
    male: W(`Marcus:6 Jermaine:6 Tyrone:4 Leon:6 Andre:6 Dwayne:4 Kemar:3 Junior:4 Isaiah:6 Elijah:6 Malachi:6
      Delroy:4 Winston:3 Trevor:3 Carl:4 Clive:3 Jerome:4 Nathaniel:4`),
    surnames: W(`Campbell:8 Brown:8 Williams:8 Thomas:6 Francis:6 Clarke:6 Morgan:4 Grant:6 Reid:6 Stewart:4 Gordon:4
      Bailey:4 Henry:4 Johnson:6 Samuels:4 Richards:4 Lewis:4 Edwards:4 Powell:4 Bennett:4`),
  },
  {
    id: 'mixed',
    label: 'Mixed or multiple ethnic groups',
    share: 0.029,
    middleName: 0.7,
    female: W(`Amelia:6 Isla:6 Maya:6 Aaliyah:6 Nia:4 Jasmine:6 Layla:6 Leah:6 Ruby:4 Mia:6 Zara:6 Aaliya:2 Eden:4 Skye:4`),
    male: W(`Noah:6 Elijah:6 Isaac:6 Leon:6 Marcus:4 Zion:4 Reuben:4 Caleb:4 Kai:6 Jayden:6 Tyler:4 Malik:4 Levi:4`),
    surnames: W(`Smith:6 Williams:6 Brown:6 Campbell:4 Taylor:4 Johnson:4 Clarke:4 Thomas:4 Walker:4 Roberts:4 Francis:4 Grant:4`),
  },
  {
    id: 'arab',
    label: 'Other ethnic group: Arab',
    share: 0.006,
    middleName: 0.2,
    female: W(`Mariam:6 Layla:6 Yasmin:6 Noor:6 Sara:6 Hiba:4 Fatima:6 Amira:4 Rania:4 Salma:4`),
    male: W(`Omar:6 Ahmed:6 Youssef:6 Karim:4 Mustafa:4 Ali:6 Hamza:4 Khalid:4 Yusuf:4 Adam:4`),
    surnames: W(`Hassan:6 Ibrahim:6 Mahmoud:4 Saleh:4 Al-Sayed:3 Abdullah:4 Mansour:3 Haddad:3 Nasser:3`),
  },
  {
    id: 'turkish_kurdish',
    label: 'Turkish or Kurdish',
    share: 0.008,
    middleName: 0.1,
    female: W(`Elif:6 Zeynep:6 Ayse:4 Dilan:4 Ebru:4 Merve:4 Defne:4 Hevin:3 Rojda:3 Asya:4`),
    male: W(`Emre:4 Mehmet:6 Can:4 Yusuf:4 Diyar:3 Mustafa:4 Ahmet:4 Baran:3 Kerem:4 Deniz:4`),
    surnames: W(`Yilmaz:6 Kaya:4 Demir:6 Celik:4 Sahin:4 Yildiz:4 Aydin:4 Ozturk:4 Arslan:3 Dogan:3`),
  },
  {
    id: 'latin_american',
    label: 'Latin American',
    share: 0.007,
    middleName: 0.5,
    female: W(`Valentina:4 Camila:4 Isabella:4 Sofia:4 Daniela:4 Gabriela:4 Luciana:3 Mariana:3 Paula:3`),
    male: W(`Mateo:4 Santiago:4 Sebastian:4 Nicolas:4 Samuel:3 Diego:4 Juan:4 Carlos:3 Andres:3`),
    surnames: W(`Gonzalez:4 Rodriguez:4 Garcia:4 Martinez:4 Lopez:4 Hernandez:3 Perez:3 Gomez:3 Diaz:3 Torres:3`),
  },
];

/** Titles used by agencies that record adults formally (housing, probation). */
export const TITLES = { female: ['Ms', 'Miss', 'Mrs'], male: ['Mr'] } as const;

// Streets of the fictional partnership. Invented, but made of the words
// English street names are made of.
export const STREET_STEMS = W(`Acre:1 Albert:2 Alma:1 Ash:2 Beech:2 Birch:1 Bridge:2 Broad:1 Brook:2 Castle:1 Cedar:2
  Chapel:2 Church:3 Clarence:1 Cromwell:1 Dale:1 Elm:2 Ferry:1 Field:2 Forest:1 Garden:1 George:2 Gladstone:1
  Grange:2 Green:2 Grove:2 Hawthorn:1 High:3 Hill:2 Holly:1 Kings:2 Lime:1 Manor:2 Maple:1 Market:1 Meadow:2 Mill:2
  Nelson:1 New:2 North:2 Oak:2 Orchard:2 Park:3 Priory:1 Queens:2 Railway:1 Rectory:1 River:1 Rose:1 St_John's:1
  Station:2 Stanley:1 Victoria:3 Vicarage:1 Warren:1 Water:1 Wellington:1 West:2 Willow:2 Windsor:2 Wandle:2 York:2
  Kestrel:1 Heron:1 Linnet:1 Osier:1 Tannery:1 Ropewalk:1 Foundry:1 Cooper's:1 Malthouse:1`);
export const STREET_KINDS = W(`Road:10 Street:6 Avenue:3 Close:4 Gardens:2 Way:2 Lane:3 Crescent:2 Drive:2 Court:2 Place:1 Terrace:1 Walk:1 Rise:1`);
export const ESTATE_BLOCKS = W(`House:4 Court:3 Tower:1 Point:1 Lodge:1`);
